import { describe, expect, it } from 'vitest';
import { applyPatch, parseUrlState, toFilters, toListParams } from './urlState';

describe('relationship list URL state', () => {
  it('turns repeated keys into the API filters with numbers where the API wants ids', () => {
    const s = parseUrlState(
      new URLSearchParams('status=1&status=2&specialty=Cardiology&score=5&q=car&days_min=30&mine=true&after=2025-01-01'),
    );
    expect(toFilters(s)).toEqual({
      relationship_status_ids: [1, 2],
      specialties: ['Cardiology'],
      lead_scores: [5],
      search_text: 'car',
      days_since_activity_min: 30,
      my_relationships_only: true,
      last_activity_after: '2025-01-01',
    });
  });

  it('does not send a search shorter than 3 characters', () => {
    expect(toFilters(parseUrlState(new URLSearchParams('q=ca')))).toEqual({});
  });

  it('defaults sort, page and page size, and ignores a page size the API would refuse', () => {
    expect(toListParams(parseUrlState(new URLSearchParams('size=1000')))).toEqual({
      sort_by: 'last_activity_date',
      sort_order: 'desc',
      page: 1,
      page_size: 50,
    });
  });

  it('falls back to the default sort for a sort field the API does not know', () => {
    expect(parseUrlState(new URLSearchParams('sort=password&order=asc'))).toMatchObject({ sort: 'last_activity_date', order: 'asc' });
    expect(parseUrlState(new URLSearchParams('sort=lead_score')).sort).toBe('lead_score');
  });

  it('goes back to page 1 when a filter changes, and not when only the page or the open record changes', () => {
    const prev = new URLSearchParams('page=3&status=1');
    expect(applyPatch(prev, { specialty: ['Oncology'] }).toString()).toBe('status=1&specialty=Oncology');
    expect(applyPatch(prev, { rel: 'abc' }).get('page')).toBe('3');
    expect(applyPatch(prev, { page: '4' }).get('page')).toBe('4');
    expect(applyPatch(prev, { status: [] }).toString()).toBe('');
  });
});
