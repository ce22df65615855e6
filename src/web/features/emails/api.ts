// The email outbox's service layer: the typed call to /api/outbound-emails and its query keys.
import type { z } from 'zod';
import type { EmailItem, EmailsPage, listEmailsQuery } from '../../../shared/schemas/emails';
import { api } from '../../api/client';

export type { EmailItem, EmailsPage };

export type EmailsListParams = Omit<z.input<typeof listEmailsQuery>, 'page' | 'page_size'> & { page: number; page_size: number };

export const emailKeys = {
  all: ['outbound-emails'] as const,
  list: (p: EmailsListParams) => ['outbound-emails', 'list', p] as const,
};

export const emailService = {
  list: (p: EmailsListParams) => api.get<EmailsPage>('/api/outbound-emails', p),
};
