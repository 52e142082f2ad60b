/**
 * Text people typed (names, notes, questions), made safe to put in an Adaptive Card TextBlock, which reads
 * Markdown: emphasis, link brackets and list markers are escaped, so "*Anna*" shows as typed and
 * "[x](https://...)" cannot pass itself off as a link the bot wrote.
 */
export function plainText(text: string): string {
  return text
    .replace(/([\\*_[\]`~])/g, '\\$1')
    .replace(/^(\s*)([-+]|\d+\.)(\s)/gm, '$1\\$2$3')
    .replace(/\r?\n/g, ' ');
}
