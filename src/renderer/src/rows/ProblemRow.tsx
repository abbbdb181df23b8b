import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfileProblem } from '../../../shared/views';

/** A profile that cannot be used, in words; not an error that blocks anything else. */
export function ProblemRow({ problem, style }: { problem: ProfileProblem; style: CSSProperties }) {
  const { t } = useTranslation();
  return (
    <div role="listitem" className="row row-problem" style={style} data-testid="profile-problem" data-profile={problem.profile} data-code={problem.code}>
      <p className="problem-text">
        <span className="strong">{t('configProfiles.problem', { profile: problem.profile })}</span> <span className="muted small">{problem.message}</span>
      </p>
    </div>
  );
}
