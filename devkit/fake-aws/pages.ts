import { escapeHtml } from './http-util';

// Minimal HTML for the "browser" side of sign-in. Each choice is its own form with hidden
// fields, so a real browser can click it and the fake browser (browser.ts) can submit it
// without a DOM: it looks for the form marked data-decision="approve" or "deny".

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>${body}</body></html>`;
}

function decisionForm(action: string, fields: Record<string, string>, decision: 'approve' | 'deny'): string {
  const hidden = Object.entries({ ...fields, decision })
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const label = decision === 'approve' ? 'Approve' : 'Deny';
  return `<form method="post" action="${escapeHtml(action)}" data-decision="${decision}">${hidden}<button type="submit" id="${decision}">${label}</button></form>`;
}

export function consentPage(title: string, detail: string, action: string, fields: Record<string, string>): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p>` + decisionForm(action, fields, 'approve') + decisionForm(action, fields, 'deny'),
  );
}

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p id="message">${escapeHtml(message)}</p>`);
}

export function enterCodePage(): string {
  return page(
    'Enter code',
    `<h1>Authorize request</h1><form method="get" action="/device"><input name="user_code" placeholder="ABCD-EFGH"><button type="submit">Next</button></form>`,
  );
}
