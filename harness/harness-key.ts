// The names the harness's key travels under, shared by the server and the page's bridge (this
// file is bundled for the browser: no Node imports). The key is a random secret made at each
// start and written only into the page the harness serves; /rpc, /events and /_harness/* answer
// 403 without it, so no other page or local process can drive the core or read what it recorded.

/** The request header that carries the key (EventSource cannot set one: /events takes `?key=`). */
export const HARNESS_KEY_HEADER = 'x-latchkey-harness-key';
/** The <meta name> the served page holds it in. */
export const HARNESS_KEY_META = 'latchkey-harness-key';
