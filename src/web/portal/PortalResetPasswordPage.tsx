// The portal's new-password page (/portal/reset-password?token=...): the shared page, for patients.
import { ResetPasswordPage } from '../ResetPasswordPage';

export function PortalResetPasswordPage() {
  return <ResetPasswordPage portal="patient" />;
}
