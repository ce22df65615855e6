// Constants of the patient portal's schemas that its pages show too (the choices of a setting, a rule
// said in a field's hint), without zod: a page can import them without the schemas (issue 11: zod
// comes only with a form's checks). The schemas in ./schemas import them from here.

export const DATE_FORMATS = ['dmy', 'mdy', 'ymd'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** At least this many characters in a new password (as for a reset or an invitation). */
export const PASSWORD_MIN = 8;
