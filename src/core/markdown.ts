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

/**
 * Text that renders literally in markdown, inside a table cell or inline: no HTML, no links or
 * images, no emphasis, no table breaks, and no `@mention` or `#123` references (a zero-width
 * joiner after `@` and `#` stops GitHub from linking them).
 */
export function escapeMarkdownInline(text: string): string {
  return escapeHtml(text)
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_{}[\]()!|~]/g, (c) => `\\${c}`)
    .replace(/([@#])/g, '$1\u200d');
}
