import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportPreview } from '../../../shared/views';
import { buildSearchIndex, queryTerms, type RoleEntry } from '../catalog/filter';
import { formatCount } from '../format';
import { useLocale } from '../hooks/useLocale';
import { useAppStore, useSlice } from '../store/context';
import type { ExportRequest } from '../store/slices/config-export';
import { RegionField, TextField } from '../ui/Fields';

// Chosen Identity Center roles written to ~/.aws/config as sso_session profiles, in the one
// block Latchkey owns. The person sees the exact diff first; "Write" sends that diff back and
// main writes only if the file would still change exactly so.

const PREFIX = /^[A-Za-z0-9_.@+-]{0,32}$/;
/** Enough to pick from; a longer list asks for a narrower search instead of rendering thousands. */
const SHOWN = 100;
const MAX_ROLES = 500;

type Outcome = { kind: 'written'; preview: ExportPreview } | { kind: 'changed' } | undefined;

export function ExportView() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { configExport, notices } = useAppStore();
  const catalogs = useSlice('catalog', (s) => s.catalogs);
  const info = useSlice('app', (s) => s.info);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [prefix, setPrefix] = useState('');
  const [region, setRegion] = useState('');
  const [preview, setPreview] = useState<ExportPreview>();
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const [prefixInvalid, setPrefixInvalid] = useState(false);
  const ids = { heading: useId(), search: useId(), diff: useId() };

  const index = useMemo(() => buildSearchIndex(Object.values(catalogs).sort((a, b) => a.session.localeCompare(b.session))), [catalogs]);
  const matches = useMemo(() => {
    const terms = queryTerms(query);
    return terms.length === 0 ? index.roles : index.roles.filter((r) => terms.every((term) => r.haystack.includes(term)));
  }, [index, query]);
  const chosen = selected.map((key) => index.byKey.get(key)).filter((r): r is RoleEntry => r !== undefined);

  // Any change to what would be written makes the shown diff stale.
  const invalidate = () => {
    setPreview(undefined);
    setOutcome(undefined);
  };
  const toggle = (key: string, on: boolean) => {
    invalidate();
    setSelected((list) => (on ? (list.includes(key) ? list : [...list, key].slice(0, MAX_ROLES)) : list.filter((k) => k !== key)));
  };
  const request = (): ExportRequest => ({
    roles: chosen.map((r) => ({ kind: 'sso', session: r.session, accountId: r.accountId, roleName: r.roleName })),
    ...(prefix ? { prefix } : {}),
    ...(region ? { region } : {}),
  });

  const showPreview = async (e: FormEvent) => {
    e.preventDefault();
    if (!PREFIX.test(prefix)) {
      setPrefixInvalid(true);
      return;
    }
    if (chosen.length === 0) return;
    setBusy(true);
    setOutcome(undefined);
    const p = await configExport.preview(request());
    setBusy(false);
    if (p) setPreview(p);
  };

  const write = async () => {
    if (!preview) return;
    setBusy(true);
    const result = await configExport.apply(request(), preview.diff);
    setBusy(false);
    if (!result) return;
    if ('written' in result) {
      setPreview(undefined);
      setOutcome({ kind: 'written', preview: result.written });
      notices.announce(t('export.written', { count: result.written.profiles.length, file: result.written.configFile }));
    } else {
      // Someone else changed the file after the preview: nothing was written; here is the new diff.
      setPreview(result.changed);
      setOutcome({ kind: 'changed' });
    }
  };

  const configFile = preview?.configFile ?? info?.configFile ?? '~/.aws/config';

  return (
    <section className="view view-export" aria-labelledby={ids.heading} data-testid="export-view">
      <h2 id={ids.heading} className="view-title">
        {t('export.heading')}
      </h2>
      <p className="help">{t('export.help', { file: configFile })}</p>
      {index.roles.length === 0 ? (
        <p className="empty" data-testid="export-no-roles">
          {t('export.noRoles')}
        </p>
      ) : (
        <form className="form" onSubmit={(e) => void showPreview(e)} noValidate>
          <div className="field">
            <label htmlFor={ids.search}>{t('export.search')}</label>
            <input id={ids.search} type="search" autoComplete="off" spellCheck={false} value={query} onChange={(e) => setQuery(e.target.value)} />
          </div>
          <fieldset className="field">
            <legend>{t('export.roles', { selected: formatCount(chosen.length, locale) })}</legend>
            <ul className="export-roles" data-testid="export-roles">
              {matches.slice(0, SHOWN).map((role) => (
                <ExportRoleItem key={role.key} role={role} checked={selected.includes(role.key)} onToggle={toggle} />
              ))}
            </ul>
            {matches.length > SHOWN ? <p className="muted small">{t('export.more', { count: matches.length - SHOWN })}</p> : null}
          </fieldset>
          <TextField
            label={t('export.prefix')}
            value={prefix}
            onChange={(e) => {
              setPrefix(e.target.value);
              setPrefixInvalid(false);
              invalidate();
            }}
            error={prefixInvalid ? t('export.invalidPrefix') : undefined}
            help={t('export.prefixHelp')}
          />
          <RegionField
            label={t('export.region')}
            value={region}
            onChange={(r) => {
              setRegion(r);
              invalidate();
            }}
            empty={t('export.sessionRegion')}
          />
          <button type="submit" className="btn" disabled={busy || chosen.length === 0}>
            {t('export.preview')}
          </button>
        </form>
      )}

      {outcome?.kind === 'changed' ? (
        <p className="banner banner-warn" role="alert" data-testid="export-changed">
          {t('export.changed', { file: configFile })}
        </p>
      ) : null}

      {preview ? (
        <div className="form" data-testid="export-preview">
          {preview.diff === '' ? (
            <p data-testid="export-unchanged">{t('export.unchanged')}</p>
          ) : (
            <>
              <h3 id={ids.diff} className="subhead">
                {t('export.diffTitle', { file: preview.configFile })}
              </h3>
              <Diff text={preview.diff} labelledBy={ids.diff} />
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void write()}>
                {t('export.write')}
              </button>
            </>
          )}
        </div>
      ) : null}

      {outcome?.kind === 'written' ? (
        <p role="status" data-testid="export-written">
          {t('export.written', { count: outcome.preview.profiles.length, file: outcome.preview.configFile })}{' '}
          <span className="mono" translate="no">
            {outcome.preview.profiles.join(', ')}
          </span>
        </p>
      ) : null}
    </section>
  );
}

function ExportRoleItem({ role, checked, onToggle }: { role: RoleEntry; checked: boolean; onToggle: (key: string, on: boolean) => void }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <li className="export-role" data-testid="export-role" data-key={role.key}>
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onToggle(role.key, e.target.checked)} />
      <label htmlFor={id} translate="no">
        {t('role.label', { role: role.roleName, account: role.accountName, id: role.accountId })}
      </label>
    </li>
  );
}

/** A unified diff, monospace, added lines green and removed lines red (with +/− kept for colour-blind readers). */
function Diff({ text, labelledBy }: { text: string; labelledBy: string }) {
  const lines = text.replace(/\n$/, '').split('\n');
  return (
    <pre className="diff" tabIndex={0} aria-labelledby={labelledBy} data-testid="export-diff">
      {lines.map((line, i) => {
        const kind =
          line.startsWith('+++') || line.startsWith('---') || line.startsWith('@@')
            ? 'meta'
            : line.startsWith('+')
              ? 'add'
              : line.startsWith('-')
                ? 'del'
                : 'same';
        // One block per line; an empty line keeps its height with a space.
        return (
          <span key={i} className={`diff-line diff-${kind}`}>
            {line || ' '}
          </span>
        );
      })}
    </pre>
  );
}
