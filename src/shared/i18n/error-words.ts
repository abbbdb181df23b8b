import type { ErrorCode } from '../errors';

// One set of words per error code, shared by the renderer (banners, sheets) and main
// (notifications for failed tray actions), so both say the same thing in each language.
// Typed as a Record over every code: a new ErrorCode without words in both languages is a
// compile error, not a raw code on screen.

export const WORD_LANGUAGES = ['en', 'ja'] as const;
export type WordLanguage = (typeof WORD_LANGUAGES)[number];

/** What happened, and what to do about it. */
export interface ErrorWords {
  title: string;
  action: string;
}

/** Every code, plus UNKNOWN (a code this build has no words for) and mfa (a failure right after an MFA prompt). */
export type ErrorWordsKey = ErrorCode | 'UNKNOWN' | 'mfa';

export const ERROR_WORDS: Record<WordLanguage, Record<ErrorWordsKey, ErrorWords>> = {
  en: {
    NOT_SIGNED_IN: { title: 'You are not signed in, or your sign-in has ended.', action: 'Sign in again.' },
    THROTTLED: { title: 'AWS is limiting how fast Latchkey may ask.', action: 'Wait a moment, then try again.' },
    NETWORK: { title: "Latchkey can't reach AWS.", action: 'Check your internet connection or VPN, then try again.' },
    AWS_ERROR: { title: 'AWS returned an error.', action: 'Try again; if it keeps happening, look at the details.' },
    ACCESS_DENIED: { title: 'AWS denied access.', action: 'Your access may have changed: sync, or ask your AWS administrator.' },
    BAD_CONFIG_FILE: { title: "An AWS config or credentials file can't be read.", action: 'Fix the file named in the details, then try again.' },
    BAD_INPUT: { title: "That input isn't valid.", action: 'Check what you entered and try again.' },
    NOT_FOUND: { title: "That wasn't found.", action: 'Sync to bring your accounts and roles up to date.' },
    NOT_OWNED: {
      title: "That profile wasn't written by Latchkey, so it was left untouched.",
      action: 'Choose another profile name, or remove it from the credentials file yourself.',
    },
    CANCELLED: { title: 'Cancelled.', action: "Start again when you're ready." },
    TIMEOUT: { title: 'That took too long.', action: 'Try again; the code or the sign-in page may have expired.' },
    SIGN_IN_DENIED: { title: 'The sign-in was denied.', action: 'Start again and approve the request in your browser.' },
    DISK: { title: "Latchkey couldn't write a file.", action: "Check the free disk space and the file's permissions." },
    UNSUPPORTED: { title: "That isn't supported.", action: 'See the details for what is.' },
    UNKNOWN: { title: 'Something went wrong.', action: 'Try again.' },
    mfa: { title: 'The MFA step didn’t work.', action: 'Check the code and try again: each code works once, so wait for the next one on your MFA device.' },
  },
  ja: {
    NOT_SIGNED_IN: { title: 'サインインしていないか、サインインの期限が切れています。', action: 'もう一度サインインしてください。' },
    THROTTLED: { title: 'AWS がリクエストの頻度を制限しています。', action: '少し待ってから、もう一度お試しください。' },
    NETWORK: { title: 'AWS に接続できません。', action: 'インターネット接続や VPN を確認して、もう一度お試しください。' },
    AWS_ERROR: { title: 'AWS がエラーを返しました。', action: 'もう一度お試しください。繰り返す場合は詳細を確認してください。' },
    ACCESS_DENIED: { title: 'AWS がアクセスを拒否しました。', action: 'アクセス権が変わった可能性があります。同期するか、AWS 管理者に確認してください。' },
    BAD_CONFIG_FILE: {
      title: 'AWS の設定ファイルまたは認証情報ファイルを読み取れません。',
      action: '詳細に示されたファイルを修正してから、もう一度お試しください。',
    },
    BAD_INPUT: { title: '入力内容が正しくありません。', action: '入力内容を確認して、もう一度お試しください。' },
    NOT_FOUND: { title: '見つかりませんでした。', action: '同期して、アカウントとロールを最新にしてください。' },
    NOT_OWNED: {
      title: 'このプロファイルは Latchkey が書いたものではないため、変更していません。',
      action: '別のプロファイル名を選ぶか、認証情報ファイルから手動で削除してください。',
    },
    CANCELLED: { title: 'キャンセルしました。', action: '準備ができたら、もう一度始めてください。' },
    TIMEOUT: { title: '時間がかかりすぎました。', action: 'もう一度お試しください。コードやサインインページの期限が切れた可能性があります。' },
    SIGN_IN_DENIED: { title: 'サインインが拒否されました。', action: 'もう一度始めて、ブラウザーでリクエストを承認してください。' },
    DISK: { title: 'ファイルを書き込めませんでした。', action: 'ディスクの空き容量とファイルのアクセス権を確認してください。' },
    UNSUPPORTED: { title: 'この操作には対応していません。', action: '詳細を確認してください。' },
    UNKNOWN: { title: '問題が発生しました。', action: 'もう一度お試しください。' },
    mfa: {
      title: 'MFA の確認に失敗しました。',
      action: 'コードを確認してやり直してください。コードは一度しか使えないので、MFA デバイスの次のコードを待ってください。',
    },
  },
};

/** The words for a code (UNKNOWN for one this build does not know; mfa right after an MFA prompt). */
export function errorWords(language: WordLanguage, code: string, options: { mfa?: boolean | undefined } = {}): ErrorWords {
  const table = ERROR_WORDS[language];
  if (options.mfa) return table.mfa;
  return Object.hasOwn(table, code) ? table[code as ErrorWordsKey] : table.UNKNOWN;
}
