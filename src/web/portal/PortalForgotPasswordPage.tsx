// The portal's forgot-password page (/portal/forgot-password): the shared page, for patients.
import { ForgotPasswordPage } from '../ForgotPasswordPage';

export function PortalForgotPasswordPage() {
  return <ForgotPasswordPage portal="patient" />;
}
