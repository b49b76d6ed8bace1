// Fonts for rasterising: resvg draws no text at all when it has no font for it, silently (TOOLCHAIN.md), so
// the font files are given explicitly and their absence is an error instead of a PNG without labels.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian's fonts-dejavu-core puts DejaVu. */
export const DEJAVU_DIRECTORY = '/usr/share/fonts/truetype/dejavu';

/** Regular, bold (titles) and oblique faces of DejaVu Sans. */
export const DEJAVU_FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf'];

/** The DejaVu Sans files in `directory`; an error telling how to install them when the regular face is missing. */
export function dejavuFontFiles(directory = DEJAVU_DIRECTORY): string[] {
  const files = DEJAVU_FONT_FILES.map((name) => join(directory, name)).filter((file) => existsSync(file));
  if (!files.some((file) => file.endsWith('DejaVuSans.ttf'))) {
    throw new Error(
      `${join(directory, 'DejaVuSans.ttf')} not found: PNG figures need it for their text ` +
        '(apt-get install -y fonts-dejavu-core, or pass fontFiles)',
    );
  }
  return files;
}
