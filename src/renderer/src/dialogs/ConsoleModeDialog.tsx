import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { entryName } from '../catalog/entries';
import type { Entry } from '../catalog/filter';
import { useAppStore, useSlice } from '../store/context';
import { Sheet } from './Sheet';

export type ChosenConsoleMode = 'multi-session' | 'sign-out' | 'profile' | 'container';

/** Asked at the first console open: how to open over another account's console session. */
export function ConsoleModeDialog({ role, onChoose, onClose }: { role: Entry; onChoose: (mode: ChosenConsoleMode) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  const chooseMultiSession = () => onChoose('multi-session');
  const chooseSignOut = () => onChoose('sign-out');
  const chooseProfile = () => onChoose('profile');
  const chooseContainer = () => onChoose('container');
  return (
    <Sheet title={t('console.modeTitle')} role={role} onClose={onClose}>
      <p className="small">{t('console.modeIntro')}</p>
      <div className="form" data-testid="console-mode-choice">
        <button ref={first} type="button" className="btn btn-primary btn-wide" onClick={chooseMultiSession}>
          {t('console.modeMultiSession')}
        </button>
        <p className="help">{t('console.modeMultiSessionHelp')}</p>
        <button type="button" className="btn btn-wide" onClick={chooseSignOut}>
          {t('console.modeSignOut')}
        </button>
        <p className="help">{t('console.modeSignOutHelp')}</p>
        <button type="button" className="btn btn-wide" onClick={chooseProfile}>
          {t('console.modeProfile')}
        </button>
        <p className="help">{t('console.modeProfileHelp')}</p>
        <button type="button" className="btn btn-wide" onClick={chooseContainer}>
          {t('console.modeContainer')}
        </button>
        <p className="help">{t('console.modeContainerHelp')}</p>
      </div>
    </Sheet>
  );
}

/** The question while one is asked (a role's console button, the tray): the answer becomes the
 * setting, then the console opens in it. */
export function ConsoleModeQuestion() {
  const { t } = useTranslation();
  const { consoleQuestion, settings, notices, entries } = useAppStore();
  const asked = useSlice('consoleQuestion', (s) => s.asked);
  if (!asked) return null;
  const choose = async (mode: ChosenConsoleMode) => {
    const question = consoleQuestion.take();
    if (!question || !(await settings.set({ consoleMode: mode }))) return;
    notices.announce(t('console.opening', { role: entryName(question.entry) }));
    await entries.openConsole(question.entry, question.options);
  };
  const close = () => void consoleQuestion.take();
  return <ConsoleModeDialog role={asked.entry} onChoose={(m) => void choose(m)} onClose={close} />;
}
