import { useId, type InputHTMLAttributes, type ReactNode, type Ref, type SelectHTMLAttributes } from 'react';
import { regionOptions } from '../regions';

// Labelled form fields: the label, the control, a field error and a help line, tied together
// with ids so a screen reader reads the error and the help with the control.

interface FieldFrameProps {
  label: string;
  error?: string | undefined;
  help?: string | undefined;
  children: (control: { id: string; 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}

function FieldFrame({ label, error, help, children }: FieldFrameProps) {
  const id = useId();
  const describedBy = [error ? `${id}-err` : '', help ? `${id}-help` : ''].filter((s) => s).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({ id, ...(error ? { 'aria-invalid': true as const } : {}), ...(describedBy ? { 'aria-describedby': describedBy } : {}) })}
      {error ? (
        <p id={`${id}-err`} className="field-error" data-testid="field-error">
          {error}
        </p>
      ) : null}
      {help ? (
        <p id={`${id}-help`} className="help">
          {help}
        </p>
      ) : null}
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'aria-invalid' | 'aria-describedby'>;

/** A text-like input (no spell check or autofill unless asked: names, keys and URLs). */
export function TextField({
  label,
  error,
  help,
  inputRef,
  ...input
}: InputProps & { label: string; error?: string | undefined; help?: string | undefined; inputRef?: Ref<HTMLInputElement> }) {
  return (
    <FieldFrame label={label} error={error} help={help}>
      {(control) => <input type="text" spellCheck={false} autoComplete="off" ref={inputRef} {...input} {...control} />}
    </FieldFrame>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'value' | 'onChange' | 'aria-describedby'>;

/** The AWS regions, the current one always among them; `empty` adds a first "none" choice. */
export function RegionField({
  label,
  help,
  value,
  onChange,
  empty,
  selectRef,
  ...select
}: SelectProps & { label: string; help?: string; value: string; onChange: (region: string) => void; empty?: string; selectRef?: Ref<HTMLSelectElement> }) {
  return (
    <FieldFrame label={label} help={help}>
      {(control) => (
        <select ref={selectRef} value={value} onChange={(e) => onChange(e.target.value)} {...select} {...control}>
          {empty !== undefined ? <option value="">{empty}</option> : null}
          {regionOptions(value || 'us-east-1').map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

export interface SelectChoice<T extends string> {
  value: T;
  label: string;
  /** The language of a label that names itself ("日本語" among English ones). */
  lang?: string;
}

/** A labelled choice of a few values, as Settings offers them. */
export function SettingSelect<T extends string>({
  label,
  help,
  value,
  choices,
  onChange,
}: {
  label: string;
  help?: string | undefined;
  value: T;
  choices: readonly SelectChoice<T>[];
  onChange: (value: T) => void;
}) {
  const chosen = (raw: string) => choices.find((c) => c.value === raw)?.value;
  return (
    <FieldFrame label={label} help={help}>
      {(control) => (
        <select
          value={value}
          onChange={(e) => {
            const next = chosen(e.target.value);
            if (next !== undefined) onChange(next);
          }}
          {...control}
        >
          {choices.map((c) => (
            <option key={c.value} value={c.value} {...(c.lang ? { lang: c.lang } : {})}>
              {c.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/** A labelled checkbox with an optional help line under it. */
export function SettingToggle({
  label,
  help,
  helpTestId,
  checked,
  onChange,
}: {
  label: string;
  help?: string | undefined;
  helpTestId?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="field field-check">
      <input id={id} type="checkbox" checked={checked} {...(help ? { 'aria-describedby': `${id}-help` } : {})} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
      {help ? (
        <p id={`${id}-help`} className="help" {...(helpTestId ? { 'data-testid': helpTestId } : {})}>
          {help}
        </p>
      ) : null}
    </div>
  );
}
