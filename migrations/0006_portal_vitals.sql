CREATE TABLE "portal_vitals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"measure" text NOT NULL,
	"value" numeric(12, 4) NOT NULL,
	"value2" numeric(12, 4),
	"unit" text NOT NULL,
	"loinc" text NOT NULL,
	"loinc_components" text[] DEFAULT '{}'::text[] NOT NULL,
	"measured_at" timestamp with time zone NOT NULL,
	"source" text DEFAULT 'patient' NOT NULL,
	"note" text,
	"created_by_user_id" uuid,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "portal_vitals" ADD CONSTRAINT "portal_vitals_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_vitals" ADD CONSTRAINT "portal_vitals_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "portal_vitals_patient_measure_idx" ON "portal_vitals" USING btree ("patient_id","measure","measured_at" DESC NULLS LAST) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "portal_vitals_org_idx" ON "portal_vitals" USING btree ("org_id");