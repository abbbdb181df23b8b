import { useAppStore, useSlice } from '../../store/context';
import { FailureNotice } from '../../ui/FailureNotice';

/** The last failure, in words: what happened and what to do, with the core's detail. */
export function ErrorBanner({ onSignIn }: { onSignIn: (session?: string) => void }) {
  const { notices } = useAppStore();
  const banner = useSlice('notices', (s) => s.banner);
  if (!banner) return null;
  return <FailureNotice failure={banner} onSignIn={onSignIn} onDismiss={notices.dismiss} testId="error-banner" />;
}
