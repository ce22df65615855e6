// Practices for pickers (GET /api/practices): the first 100 by name, cached for five minutes.
import { useQuery } from '@tanstack/react-query';
import { appointmentKeys, appointmentService, type PracticeListParams } from './api';

const FIRST_PAGE: PracticeListParams = { page_size: 100 };

export function usePractices() {
  return useQuery({
    queryKey: appointmentKeys.practices(FIRST_PAGE),
    queryFn: () => appointmentService.practices(FIRST_PAGE),
    staleTime: 5 * 60_000,
  });
}
