// Medical conditions for pickers (patients, leads), cached for five minutes.
import { useQuery } from '@tanstack/react-query';
import { patientKeys, patientService } from './api';

export function useConditions() {
  return useQuery({ queryKey: patientKeys.conditions(), queryFn: patientService.conditions, staleTime: 5 * 60_000 });
}
