/**
 * Text made safe to print on a GitHub Actions runner's stdout, where the runner reads every line
 * for workflow commands (actions/runner src/Runner.Worker/ActionCommandManager.cs TryProcessCommand,
 * src/Runner.Common/ActionCommand.cs): a line is a command when, after its leading whitespace, it
 * starts with `::` (TryParseV2, which TrimStarts it), or when it contains `##[` anywhere (the older
 * TryParse). The runner splits lines at CR and LF alike, so a bare CR starts a line too.
 *
 * Each line break ends a line here as well, and a zero-width space goes before the `::` of a line
 * that would start one and into every `##[`: the text still reads the same, and no line starts a
 * command (.NET's TrimStart does not remove U+200B, which is not white space).
 */

const ZWSP = '\u200b';

export function safeLogLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map(neutraliseLine);
}

function neutraliseLine(line: string): string {
  const out = line.replaceAll('##[', `##${ZWSP}[`);
  return /^\s*::/.test(out) ? out.replace(/::/, `${ZWSP}::`) : out;
}
