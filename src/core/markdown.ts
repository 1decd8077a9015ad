/** Escaping for user-controlled text placed into GitHub-flavoured markdown or HTML table cells. */

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/** C0/C1 control characters other than tab and newline, and the bidi overrides that can disguise text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text that renders literally in markdown, inside a table cell or inline: no HTML, no links or
 * images, no emphasis, no table breaks, and no `@mention` or `#123` references (a zero-width
 * joiner after `@` and `#` stops GitHub from linking them). The joiner goes in before HTML
 * escaping, so the `#` of an entity such as `&#39;` is left intact. GitHub also turns bare
 * `http://`, `https://`, `ftp://` and `www.` text into links (GFM autolinks): a joiner after the
 * scheme's colon and inside `www.` keeps such text from becoming a clickable (phishing) link.
 */
export function escapeMarkdownInline(text: string): string {
  return escapeHtml(text.replace(CONTROL, '').replace(/([@#])/g, '$1\u200d'))
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_{}[\]()!|~]/g, (c) => `\\${c}`)
    .replace(/:(?=\/\/)/g, ':\u200d')
    .replace(/(www)(?=\.)/gi, '$1\u200d');
}

/**
 * A fenced code block showing `text` verbatim: the fence is longer than any run of backticks in
 * the text, so the text cannot close it, and nothing inside is rendered (no HTML, mentions or links).
 */
export function codeBlock(text: string, info = 'text'): string {
  const clean = text.replace(/\r\n?/g, '\n').replace(CONTROL, '');
  const longest = Math.max(0, ...[...clean.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${clean}${clean.endsWith('\n') ? '' : '\n'}${fence}`;
}

/** An http(s) URL made safe for the target of a markdown link, or undefined for anything else. */
export function markdownLinkTarget(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return parsed.href.replace(
    /[()<>\s"'`]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}
