CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid,
	"action" text NOT NULL,
	"table_name" text NOT NULL,
	"record_id" text,
	"old_values" jsonb,
	"new_values" jsonb,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "domain_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"type" text NOT NULL,
	"aggregate_type" text NOT NULL,
	"aggregate_id" text NOT NULL,
	"user_id" uuid,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"completed_handlers" text[] DEFAULT '{}'::text[] NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"request_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "outbound_emails" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"event_id" uuid,
	"to_address" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'stored' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text,
	"invite_token_hash" text,
	"invite_expires_at" timestamp with time zone,
	"person_id" uuid,
	"is_active" boolean DEFAULT true NOT NULL,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_roles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"role" text NOT NULL,
	"valid_from" timestamp with time zone DEFAULT now() NOT NULL,
	"valid_to" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"email" text,
	"phone" text,
	"date_of_birth" date,
	"is_active" boolean DEFAULT true NOT NULL,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"owner_user_id" uuid,
	"occurred_at" timestamp with time zone NOT NULL,
	"activity_type" text NOT NULL,
	"channel" text DEFAULT 'other' NOT NULL,
	"mno_type" text,
	"mno_subtype" text,
	"subject" text,
	"description" text,
	"status" text DEFAULT 'completed' NOT NULL,
	"direction" text,
	"duration_seconds" integer,
	"outcome" text,
	"follow_up_date" date,
	"lead_id" uuid,
	"patient_id" uuid,
	"entity_type_id" smallint,
	"entity_id" uuid,
	"relationship_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "activity_participants" (
	"activity_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"role" text,
	CONSTRAINT "activity_participants_activity_id_person_id_pk" PRIMARY KEY("activity_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "activity_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"changed_by_user_id" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "practices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"phone" text,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ct_journeys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"status" text NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"notes" text,
	"created_by_user_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"trial_name" text NOT NULL,
	"nct_id" text,
	"sponsor" text,
	"site" text
);
--> statement-breakpoint
CREATE TABLE "eap_journeys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"status" text NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"notes" text,
	"created_by_user_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"drug_name" text NOT NULL,
	"manufacturer" text,
	"physician_person_id" uuid
);
--> statement-breakpoint
CREATE TABLE "journey_status_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"journey_type" text NOT NULL,
	"journey_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text,
	"changed_by_user_id" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "medical_conditions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"code" text,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "patient_medical_conditions" (
	"patient_id" uuid NOT NULL,
	"medical_condition_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	CONSTRAINT "patient_medical_conditions_patient_id_medical_condition_id_pk" PRIMARY KEY("patient_id","medical_condition_id")
);
--> statement-breakpoint
CREATE TABLE "patients" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"care_stage" text DEFAULT 'intake' NOT NULL,
	"assigned_coach_user_id" uuid,
	"clinician_user_id" uuid,
	"default_provider_id" uuid,
	"practice_id" uuid,
	"attachment_status" text,
	"notes" text,
	"wellness_mode_enabled" boolean DEFAULT true NOT NULL,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_settings" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"can_see_all_patients" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leads" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"stage" text DEFAULT 'lead' NOT NULL,
	"product_id" uuid,
	"acquisition_source" text,
	"owner_user_id" uuid,
	"medical_condition_id" uuid,
	"value" numeric(12, 2),
	"notes" text,
	"is_archived" boolean DEFAULT false NOT NULL,
	"archived_at" timestamp with time zone,
	"stage_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"converted_patient_id" uuid,
	"last_interaction_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"assignee_user_id" uuid,
	"created_by_user_id" uuid,
	"priority" text DEFAULT 'Medium' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"due_date" date,
	"linked_type" text,
	"linked_id" uuid,
	"source_event_id" uuid,
	"completed_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "appointments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"clinician_user_id" uuid,
	"staff_user_id" uuid,
	"practice_id" uuid,
	"title" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"mode" text DEFAULT 'in_person' NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"notes" text,
	"created_by_user_id" uuid,
	"cancelled_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "appointments_time_ck" CHECK ("appointments"."ends_at" > "appointments"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"dry_run" boolean NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"mapping" jsonb,
	"total" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"matched" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "clinicians" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"npi" text,
	"specialty" text,
	"title" text,
	"account" text,
	"practice_id" uuid,
	"employment_status" text DEFAULT 'community' NOT NULL,
	"geography" text,
	"city" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_relationships" (
	"campaign_id" uuid NOT NULL,
	"relationship_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"enrollment_date" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'Enrolled' NOT NULL,
	"notes" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_relationships_campaign_id_relationship_id_pk" PRIMARY KEY("campaign_id","relationship_id")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"status" text DEFAULT 'Active' NOT NULL,
	"campaign_type" text,
	"start_date" date,
	"end_date" date,
	"target_audience" jsonb,
	"goals" jsonb,
	"owner_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "claims_providers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"npi" text,
	"specialty" text,
	"title" text,
	"account" text,
	"employment_status" text DEFAULT 'community' NOT NULL,
	"geography" text,
	"city" text,
	"email" text,
	"phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entity_types" (
	"id" smallint PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"common_name" text NOT NULL,
	"description" text,
	"source_table" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"sort_order" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "entity_types_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "loyalty_status_types" (
	"id" smallint PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"display_name" text NOT NULL,
	"description" text,
	"color_hex" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"sort_order" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "loyalty_status_types_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"entity_type_id" smallint NOT NULL,
	"entity_id" uuid NOT NULL,
	"referral_date" date NOT NULL,
	"specialty" text,
	"patient_id" uuid,
	"status" text DEFAULT 'received' NOT NULL,
	"notes" text,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "relationship_facet_counts" (
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"facet" text NOT NULL,
	"key" text NOT NULL,
	"n" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "relationship_facet_counts_org_id_facet_key_user_id_pk" PRIMARY KEY("org_id","facet","key","user_id")
);
--> statement-breakpoint
CREATE TABLE "relationship_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"relationship_id" uuid NOT NULL,
	"changed_by_user_id" uuid,
	"change_date" timestamp with time zone DEFAULT now() NOT NULL,
	"previous_relationship_status_id" smallint,
	"new_relationship_status_id" smallint,
	"previous_loyalty_status_id" smallint,
	"new_loyalty_status_id" smallint,
	"previous_lead_score" smallint,
	"new_lead_score" smallint,
	"source" text DEFAULT 'manual' NOT NULL,
	"change_reason" text
);
--> statement-breakpoint
CREATE TABLE "relationship_metrics" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"relationship_id" uuid NOT NULL,
	"metric_date" date NOT NULL,
	"meetings_count" integer DEFAULT 0 NOT NULL,
	"calls_count" integer DEFAULT 0 NOT NULL,
	"emails_count" integer DEFAULT 0 NOT NULL,
	"other_count" integer DEFAULT 0 NOT NULL,
	"referrals_count" integer DEFAULT 0 NOT NULL,
	"response_time_avg" double precision
);
--> statement-breakpoint
CREATE TABLE "relationship_search" (
	"relationship_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"doc" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "relationship_status_types" (
	"id" smallint PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"display_name" text NOT NULL,
	"description" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"sort_order" smallint DEFAULT 0 NOT NULL,
	CONSTRAINT "relationship_status_types_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "relationships" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"entity_type_id" smallint NOT NULL,
	"linked_entity_id" uuid NOT NULL,
	"relationship_status_id" smallint NOT NULL,
	"loyalty_status_id" smallint,
	"lead_score" smallint DEFAULT 3 NOT NULL,
	"priority" text DEFAULT 'medium' NOT NULL,
	"last_activity_date" timestamp with time zone,
	"next_steps" text,
	"engagement_frequency" text,
	"status_overridden" boolean DEFAULT false NOT NULL,
	"loyalty_overridden" boolean DEFAULT false NOT NULL,
	"lead_score_overridden" boolean DEFAULT false NOT NULL,
	"scored_at" timestamp with time zone,
	"activity_count" integer DEFAULT 0 NOT NULL,
	"campaign_count" integer DEFAULT 0 NOT NULL,
	"entity_name" text NOT NULL,
	"entity_email" text,
	"entity_phone" text,
	"entity_specialty" text,
	"entity_geography" text,
	"entity_city" text,
	"entity_account" text,
	"entity_title" text,
	"entity_npi" text,
	"entity_employment_status" text,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sites_of_service" (
	"id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"npi" text,
	"specialty" text,
	"title" text,
	"account" text,
	"employment_status" text DEFAULT 'community' NOT NULL,
	"geography" text,
	"city" text,
	"email" text,
	"phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"site_type" text
);
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_roles" ADD CONSTRAINT "person_roles_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_roles" ADD CONSTRAINT "person_roles_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_participants" ADD CONSTRAINT "activity_participants_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_participants" ADD CONSTRAINT "activity_participants_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity_versions" ADD CONSTRAINT "activity_versions_activity_id_activities_id_fk" FOREIGN KEY ("activity_id") REFERENCES "public"."activities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "practices" ADD CONSTRAINT "practices_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ct_journeys" ADD CONSTRAINT "ct_journeys_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ct_journeys" ADD CONSTRAINT "ct_journeys_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eap_journeys" ADD CONSTRAINT "eap_journeys_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eap_journeys" ADD CONSTRAINT "eap_journeys_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "eap_journeys" ADD CONSTRAINT "eap_journeys_physician_person_id_persons_id_fk" FOREIGN KEY ("physician_person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medical_conditions" ADD CONSTRAINT "medical_conditions_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_medical_conditions" ADD CONSTRAINT "patient_medical_conditions_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_medical_conditions" ADD CONSTRAINT "patient_medical_conditions_medical_condition_id_medical_conditions_id_fk" FOREIGN KEY ("medical_condition_id") REFERENCES "public"."medical_conditions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_assigned_coach_user_id_users_id_fk" FOREIGN KEY ("assigned_coach_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_clinician_user_id_users_id_fk" FOREIGN KEY ("clinician_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_settings" ADD CONSTRAINT "staff_settings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_settings" ADD CONSTRAINT "staff_settings_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_medical_condition_id_medical_conditions_id_fk" FOREIGN KEY ("medical_condition_id") REFERENCES "public"."medical_conditions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leads" ADD CONSTRAINT "leads_converted_patient_id_patients_id_fk" FOREIGN KEY ("converted_patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignee_user_id_users_id_fk" FOREIGN KEY ("assignee_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_clinician_user_id_users_id_fk" FOREIGN KEY ("clinician_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_staff_user_id_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_practice_id_practices_id_fk" FOREIGN KEY ("practice_id") REFERENCES "public"."practices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinicians" ADD CONSTRAINT "clinicians_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clinicians" ADD CONSTRAINT "clinicians_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_relationships" ADD CONSTRAINT "campaign_relationships_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_relationships" ADD CONSTRAINT "campaign_relationships_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "public"."relationships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims_providers" ADD CONSTRAINT "claims_providers_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_entity_type_id_entity_types_id_fk" FOREIGN KEY ("entity_type_id") REFERENCES "public"."entity_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relationship_history" ADD CONSTRAINT "relationship_history_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "public"."relationships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relationship_metrics" ADD CONSTRAINT "relationship_metrics_relationship_id_relationships_id_fk" FOREIGN KEY ("relationship_id") REFERENCES "public"."relationships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relationships" ADD CONSTRAINT "relationships_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relationships" ADD CONSTRAINT "relationships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relationships" ADD CONSTRAINT "relationships_entity_type_id_entity_types_id_fk" FOREIGN KEY ("entity_type_id") REFERENCES "public"."entity_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relationships" ADD CONSTRAINT "relationships_relationship_status_id_relationship_status_types_id_fk" FOREIGN KEY ("relationship_status_id") REFERENCES "public"."relationship_status_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "relationships" ADD CONSTRAINT "relationships_loyalty_status_id_loyalty_status_types_id_fk" FOREIGN KEY ("loyalty_status_id") REFERENCES "public"."loyalty_status_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sites_of_service" ADD CONSTRAINT "sites_of_service_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_org_time_idx" ON "audit_log" USING btree ("org_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_org_record_idx" ON "audit_log" USING btree ("org_id","table_name","record_id");--> statement-breakpoint
CREATE INDEX "audit_org_user_idx" ON "audit_log" USING btree ("org_id","user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "domain_events_due_idx" ON "domain_events" USING btree ("available_at") WHERE status in ('pending', 'processing');--> statement-breakpoint
CREATE INDEX "domain_events_org_idx" ON "domain_events" USING btree ("org_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "outbound_emails_org_idx" ON "outbound_emails" USING btree ("org_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "outbound_emails_event_uq" ON "outbound_emails" USING btree ("event_id","to_address");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_uq" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "users_org_idx" ON "users" USING btree ("org_id","role");--> statement-breakpoint
CREATE INDEX "person_roles_person_idx" ON "person_roles" USING btree ("person_id","valid_from");--> statement-breakpoint
CREATE UNIQUE INDEX "person_roles_open_uq" ON "person_roles" USING btree ("person_id","role") WHERE valid_to is null;--> statement-breakpoint
CREATE INDEX "person_roles_org_role_idx" ON "person_roles" USING btree ("org_id","role") WHERE valid_to is null;--> statement-breakpoint
CREATE UNIQUE INDEX "persons_org_email_uq" ON "persons" USING btree ("org_id",lower("email"));--> statement-breakpoint
CREATE INDEX "persons_org_name_idx" ON "persons" USING btree ("org_id","last_name","first_name","id");--> statement-breakpoint
CREATE INDEX "persons_search_trgm_idx" ON "persons" USING gin ((lower("first_name" || ' ' || "last_name" || ' ' || coalesce("email", '') || ' ' || coalesce("phone", ''))) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "activities_relationship_idx" ON "activities" USING btree ("relationship_id","occurred_at" DESC NULLS LAST,"activity_type","status") WHERE relationship_id is not null and deleted_at is null;--> statement-breakpoint
CREATE INDEX "activities_entity_idx" ON "activities" USING btree ("org_id","entity_type_id","entity_id","occurred_at" DESC NULLS LAST) WHERE entity_id is not null;--> statement-breakpoint
CREATE INDEX "activities_patient_idx" ON "activities" USING btree ("patient_id","occurred_at" DESC NULLS LAST) WHERE patient_id is not null;--> statement-breakpoint
CREATE INDEX "activities_lead_idx" ON "activities" USING btree ("lead_id","occurred_at" DESC NULLS LAST) WHERE lead_id is not null;--> statement-breakpoint
CREATE INDEX "activities_owner_followup_idx" ON "activities" USING btree ("org_id","owner_user_id","follow_up_date") WHERE follow_up_date is not null and deleted_at is null;--> statement-breakpoint
CREATE INDEX "activity_participants_person_idx" ON "activity_participants" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "activity_versions_activity_idx" ON "activity_versions" USING btree ("activity_id","version");--> statement-breakpoint
CREATE INDEX "products_org_active_idx" ON "products" USING btree ("org_id","is_active","name");--> statement-breakpoint
CREATE INDEX "practices_org_name_idx" ON "practices" USING btree ("org_id","name");--> statement-breakpoint
CREATE INDEX "ct_journeys_patient_idx" ON "ct_journeys" USING btree ("patient_id","created_at");--> statement-breakpoint
CREATE INDEX "ct_journeys_org_status_idx" ON "ct_journeys" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "eap_journeys_patient_idx" ON "eap_journeys" USING btree ("patient_id","created_at");--> statement-breakpoint
CREATE INDEX "eap_journeys_org_status_idx" ON "eap_journeys" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "journey_status_changes_journey_idx" ON "journey_status_changes" USING btree ("journey_id","changed_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "medical_conditions_org_name_uq" ON "medical_conditions" USING btree ("org_id",lower("name"));--> statement-breakpoint
CREATE INDEX "pmc_condition_idx" ON "patient_medical_conditions" USING btree ("medical_condition_id");--> statement-breakpoint
CREATE UNIQUE INDEX "patients_person_uq" ON "patients" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "patients_org_status_idx" ON "patients" USING btree ("org_id","status","created_at" DESC NULLS LAST) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "patients_org_stage_idx" ON "patients" USING btree ("org_id","care_stage") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "patients_coach_idx" ON "patients" USING btree ("org_id","assigned_coach_user_id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "patients_clinician_idx" ON "patients" USING btree ("org_id","clinician_user_id") WHERE deleted_at is null;--> statement-breakpoint
CREATE UNIQUE INDEX "leads_person_open_uq" ON "leads" USING btree ("person_id") WHERE is_archived = false and stage not in ('closed_won', 'closed_lost');--> statement-breakpoint
CREATE INDEX "leads_org_stage_idx" ON "leads" USING btree ("org_id","is_archived","stage","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "leads_org_created_idx" ON "leads" USING btree ("org_id","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "leads_org_owner_idx" ON "leads" USING btree ("org_id","owner_user_id","stage");--> statement-breakpoint
CREATE INDEX "leads_product_idx" ON "leads" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "leads_org_source_idx" ON "leads" USING btree ("org_id","acquisition_source");--> statement-breakpoint
CREATE INDEX "leads_person_idx" ON "leads" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "tasks_org_assignee_due_idx" ON "tasks" USING btree ("org_id","assignee_user_id","status","due_date") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "tasks_org_due_idx" ON "tasks" USING btree ("org_id","status","due_date") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "tasks_linked_idx" ON "tasks" USING btree ("org_id","linked_type","linked_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tasks_source_event_uq" ON "tasks" USING btree ("source_event_id","title") WHERE source_event_id is not null;--> statement-breakpoint
CREATE INDEX "appointments_org_start_idx" ON "appointments" USING btree ("org_id","starts_at") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "appointments_clinician_idx" ON "appointments" USING btree ("clinician_user_id","starts_at") WHERE deleted_at is null and clinician_user_id is not null;--> statement-breakpoint
CREATE INDEX "appointments_staff_idx" ON "appointments" USING btree ("staff_user_id","starts_at") WHERE deleted_at is null and staff_user_id is not null;--> statement-breakpoint
CREATE INDEX "appointments_patient_idx" ON "appointments" USING btree ("patient_id","starts_at");--> statement-breakpoint
CREATE INDEX "import_jobs_org_idx" ON "import_jobs" USING btree ("org_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "clinicians_person_uq" ON "clinicians" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "clinicians_org_npi_idx" ON "clinicians" USING btree ("org_id","npi");--> statement-breakpoint
CREATE INDEX "campaign_relationships_rel_idx" ON "campaign_relationships" USING btree ("relationship_id");--> statement-breakpoint
CREATE INDEX "campaigns_org_idx" ON "campaigns" USING btree ("org_id","name");--> statement-breakpoint
CREATE INDEX "claims_providers_org_npi_idx" ON "claims_providers" USING btree ("org_id","npi");--> statement-breakpoint
CREATE INDEX "referrals_entity_idx" ON "referrals" USING btree ("org_id","entity_type_id","entity_id","referral_date");--> statement-breakpoint
CREATE INDEX "referrals_org_date_idx" ON "referrals" USING btree ("org_id","referral_date" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "relationship_facet_counts_user_idx" ON "relationship_facet_counts" USING btree ("org_id","user_id");--> statement-breakpoint
CREATE INDEX "relationship_history_rel_idx" ON "relationship_history" USING btree ("relationship_id","change_date" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "relationship_metrics_rel_date_uq" ON "relationship_metrics" USING btree ("relationship_id","metric_date");--> statement-breakpoint
CREATE INDEX "relationship_search_trgm_idx" ON "relationship_search" USING gin ("doc" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "relationships_user_entity_uq" ON "relationships" USING btree ("org_id","user_id","entity_type_id","linked_entity_id");--> statement-breakpoint
CREATE INDEX "relationships_org_last_idx" ON "relationships" USING btree ("org_id","last_activity_date" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "relationships_org_user_last_idx" ON "relationships" USING btree ("org_id","user_id","last_activity_date" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "relationships_org_entity_idx" ON "relationships" USING btree ("org_id","entity_type_id","linked_entity_id");--> statement-breakpoint
CREATE INDEX "relationships_org_name_idx" ON "relationships" USING btree ("org_id","entity_name","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "relationships_org_score_idx" ON "relationships" USING btree ("org_id","lead_score","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "relationships_org_status_idx" ON "relationships" USING btree ("org_id","relationship_status_id","id") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "relationships_org_facets_idx" ON "relationships" USING btree ("org_id","relationship_status_id","lead_score","entity_specialty","entity_geography","last_activity_date") WHERE deleted_at is null;--> statement-breakpoint
CREATE INDEX "sites_of_service_org_npi_idx" ON "sites_of_service" USING btree ("org_id","npi");