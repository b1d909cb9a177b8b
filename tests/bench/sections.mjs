// BENCHMARKS.md is written by several benches, each owning one `## ` section: a bench replaces its
// own section and leaves the others as they are.

/**
 * `markdown` with the section headed `## heading` replaced by `section`; a section not there yet goes
 * before "Calibration at scale" (the last, slowest bench), else at the end.
 */
export function withSection(markdown, heading, section) {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  const next = start < 0 ? -1 : markdown.indexOf("\n## ", start + 1);
  const calibration = markdown.indexOf("\n## Calibration at scale");
  if (start >= 0) return markdown.slice(0, start + 1) + section + (next < 0 ? "" : markdown.slice(next));
  if (calibration >= 0) return markdown.slice(0, calibration + 1) + section + markdown.slice(calibration);
  return `${markdown}\n${section}`;
}
