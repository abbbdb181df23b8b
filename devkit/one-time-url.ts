import { isLiveOneTimeUrl } from '../src/core/console/one-time-url';

/**
 * What a browser given `url` arrives at: a one-time console URL is fetched once (as a browser
 * would) and its redirect target returned; any other URL is returned as it is. For the
 * stand-in openers of tests and the harness, which record what was opened.
 */
export async function arrivalUrl(url: string): Promise<string> {
  if (!isLiveOneTimeUrl(url)) return url;
  const res = await fetch(url, { redirect: 'manual' });
  await res.arrayBuffer();
  return res.headers.get('location') ?? url;
}
