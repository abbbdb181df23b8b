import { useModel } from '../../model';
import { FailureNotice } from '../../ui/FailureNotice';

/** The last failure, in words: what happened and what to do, with the core's detail. */
export function ErrorBanner({ onSignIn }: { onSignIn: (session?: string) => void }) {
  const { banner, actions } = useModel();
  if (!banner) return null;
  return <FailureNotice failure={banner} onSignIn={onSignIn} onDismiss={actions.dismissBanner} testId="error-banner" />;
}
