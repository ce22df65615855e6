// The API shapes of campaigns and enrolments (doc 000's names: campaign_id, campaign_name).
import type { CampaignItem, EnrolmentItem } from '../../../shared/schemas/campaigns';
import { iso } from '../relationships/relationships.presenter';
import type { CampaignRow, EnrolRow } from './campaigns.queries';

export function presentCampaign(c: CampaignRow): CampaignItem {
  return {
    campaign_id: c.id,
    campaign_name: c.name,
    description: c.description,
    status: c.status,
    campaign_type: c.campaign_type,
    start_date: c.start_date,
    end_date: c.end_date,
    target_audience: c.target_audience,
    goals: c.goals,
    owner_id: c.owner_id,
    owner_name: c.owner_name,
    relationship_count: c.relationship_count,
    version: c.version,
    created_at: iso(c.created_at)!,
    updated_at: iso(c.updated_at)!,
  };
}

export function presentEnrolment(e: EnrolRow): EnrolmentItem {
  return {
    campaign_id: e.campaign_id,
    relationship_id: e.relationship_id,
    entity_name: e.entity_name,
    user_id: e.user_id,
    user_name: e.user_name,
    status: e.status,
    enrollment_date: iso(e.enrollment_date)!,
    notes: e.notes,
    updated_at: iso(e.updated_at)!,
  };
}
