import spdxCorrect from 'spdx-correct';

// ScanCode license keys whose spelling differs from the lower-cased SPDX id; the rest lower-case.
const SCANCODE_KEYS: Record<string, string> = {
  'GPL-1.0-only': 'gpl-1.0',
  'GPL-1.0-or-later': 'gpl-1.0-plus',
  'GPL-2.0-only': 'gpl-2.0',
  'GPL-2.0-or-later': 'gpl-2.0-plus',
  'GPL-3.0-only': 'gpl-3.0',
  'GPL-3.0-or-later': 'gpl-3.0-plus',
  'LGPL-2.0-only': 'lgpl-2.0',
  'LGPL-2.0-or-later': 'lgpl-2.0-plus',
  'LGPL-2.1-only': 'lgpl-2.1',
  'LGPL-2.1-or-later': 'lgpl-2.1-plus',
  'LGPL-3.0-only': 'lgpl-3.0',
  'LGPL-3.0-or-later': 'lgpl-3.0-plus',
  'AGPL-3.0-only': 'agpl-3.0',
  'AGPL-3.0-or-later': 'agpl-3.0-plus',
  'BSD-2-Clause': 'bsd-simplified',
  'BSD-3-Clause': 'bsd-new',
  'BSD-4-Clause': 'bsd-original',
  '0BSD': 'bsd-zero',
  'BSL-1.0': 'boost-1.0',
  'Python-2.0': 'python',
  'PSF-2.0': 'python',
  OpenSSL: 'openssl-ssleay',
  'Artistic-1.0-Perl': 'artistic-perl-1.0',
  'MPL-2.0-no-copyleft-exception': 'mpl-2.0-no-copyleft-exception',
  Ruby: 'ruby',
  'LicenseRef-scancode-unknown-license-reference': 'unknown-license-reference',
};
const SPDX_BY_KEY = new Map(Object.entries(SCANCODE_KEYS).map(([spdx, key]) => [key, spdx]));
SPDX_BY_KEY.set('python', 'Python-2.0');

// Names seen in manifests that spdx-correct misses or gets wrong compared with ScanCode.
const NAME_OVERRIDES: Record<string, string> = {
  bsd: 'BSD-3-Clause',
  'bsd license': 'BSD-3-Clause',
  'bsd-like': 'BSD-3-Clause',
  'new bsd license': 'BSD-3-Clause',
  'simplified bsd': 'BSD-2-Clause',
  expat: 'MIT',
  gfdl: 'GFDL-1.1-or-later',
  boost: 'BSL-1.0',
  'mit/expat': 'MIT',
  'python software foundation license': 'Python-2.0',
  psf: 'Python-2.0',
  'psf license': 'Python-2.0',
  'public domain': 'LicenseRef-scancode-public-domain',
  'public-domain': 'LicenseRef-scancode-public-domain',
  'dual license': 'LicenseRef-scancode-unknown-license-reference',
  'apache software license': 'Apache-2.0',
  'apache license': 'Apache-2.0',
  'apache 2': 'Apache-2.0',
  apache2: 'Apache-2.0',
  'apache-2': 'Apache-2.0',
  'asl 2.0': 'Apache-2.0',
  'asl 2': 'Apache-2.0',
  'mozilla public license 2.0 (mpl 2.0)': 'MPL-2.0',
  'gnu general public license (gpl)': 'GPL-2.0-or-later',
  'gnu general public license v2 (gplv2)': 'GPL-2.0-only',
  'gnu general public license v2 or later (gplv2+)': 'GPL-2.0-or-later',
  'gnu general public license v3 (gplv3)': 'GPL-3.0-only',
  'gnu general public license v3 or later (gplv3+)': 'GPL-3.0-or-later',
  'gnu lesser general public license v2 (lgplv2)': 'LGPL-2.0-only',
  'gnu lesser general public license v2 or later (lgplv2+)': 'LGPL-2.0-or-later',
  'gnu lesser general public license v3 (lgplv3)': 'LGPL-3.0-only',
  'gnu lesser general public license v3 or later (lgplv3+)': 'LGPL-3.0-or-later',
  'gnu library or lesser general public license (lgpl)': 'LGPL-2.0-or-later',
  'eclipse public license 1.0': 'EPL-1.0',
  'eclipse public license 2.0': 'EPL-2.0',
  'the unlicense (unlicense)': 'Unlicense',
  'isc license (iscl)': 'ISC',
  'zope public license': 'ZPL-2.1',
  'historical permission notice and disclaimer (hpnd)': 'HPND',
  'cc0 1.0 universal (cc0 1.0) public domain dedication': 'CC0-1.0',
  'the mit license': 'MIT',
  'mit license': 'MIT',
  'the apache software license, version 2.0': 'Apache-2.0',
  'the apache license, version 2.0': 'Apache-2.0',
  'apache license, version 2.0': 'Apache-2.0',
  'apache license 2.0': 'Apache-2.0',
  'eclipse public license - v 1.0': 'EPL-1.0',
  'eclipse public license - v 2.0': 'EPL-2.0',
  'eclipse distribution license - v 1.0': 'BSD-3-Clause',
  'common development and distribution license (cddl) v1.0': 'CDDL-1.0',
  'gpl2 w/ cpe': 'GPL-2.0-only WITH Classpath-exception-2.0',
  'mit-style': 'MIT',
  ruby: 'Ruby',
};

// Phrases of full license texts pasted where a name was expected (METADATA License:, copyright files).
const TEXT_SIGNATURES: Array<[RegExp, string]> = [
  [/Permission is hereby granted, free of charge, to any person obtaining/i, 'MIT'],
  [/Apache License,?\s+(?:Version|v\.?)\s*2\.0|apache\.org\/licenses\/LICENSE-2\.0/i, 'Apache-2.0'],
  [/Permission to use, copy, modify, distribute, and sell this software/i, 'HPND-sell-variant'],
  [/Info-ZIP license/i, 'Info-ZIP'],
  [/Redistribution and use in source and binary forms[\s\S]*(?:endorse|promote)/i, 'BSD-3-Clause'],
  [/Redistribution and use in source and binary forms/i, 'BSD-2-Clause'],
  [/Permission to use, copy, modify, and(?:\/or)? distribute this software for any/i, 'ISC'],
  [/GNU LESSER GENERAL PUBLIC LICENSE\s+Version 2\.1/i, 'LGPL-2.1-only'],
  [/GNU GENERAL PUBLIC LICENSE\s+Version 3/i, 'GPL-3.0-only'],
  [/GNU GENERAL PUBLIC LICENSE\s+Version 2/i, 'GPL-2.0-only'],
  [/Mozilla Public License,? (?:Version|v\.?) ?2\.0/i, 'MPL-2.0'],
];

/** Returns the ScanCode license key for an SPDX license id. */
export function scancodeKeyOf(spdxId: string): string {
  const mapped = SCANCODE_KEYS[spdxId];
  if (mapped) {
    return mapped;
  }
  if (spdxId.startsWith('LicenseRef-scancode-')) {
    return spdxId.slice('LicenseRef-scancode-'.length);
  }
  // ScanCode spells "or later" as a -plus key and "only" as the bare key.
  const plus = /^(.+?)(\+|-or-later)$/.exec(spdxId);
  if (plus?.[1]) {
    return `${scancodeKeyOf(plus[1])}-plus`;
  }
  return spdxId.replace(/-only$/, '').toLowerCase();
}

/** Returns the SPDX id for a ScanCode key when they differ by more than case, else undefined. */
export function spdxIdOfKey(key: string): string | undefined {
  return SPDX_BY_KEY.get(key);
}

// spdx-correct tries hundreds of transformations per call; manifests repeat the same few names.
const corrected = new Map<string, string | null>();

/** Returns an SPDX id or expression for one free-form license name, or null when unrecognised. */
export function correctLicenseName(name: string): string | null {
  const cached = corrected.get(name);
  if (cached !== undefined) {
    return cached;
  }
  const result = correctUncached(name);
  if (corrected.size < 10_000) {
    corrected.set(name, result);
  }
  return result;
}

function correctUncached(name: string): string | null {
  const cleaned = name.trim().replace(/\s+/g, ' ');
  if (cleaned === '') {
    return null;
  }
  const lower = cleaned.toLowerCase();
  const override = NAME_OVERRIDES[lower] ?? NAME_OVERRIDES[lower.replace(/^the /, '')];
  if (override) {
    return override;
  }
  const classifier = /^license :: (?:osi approved :: )?(.+)$/i.exec(cleaned);
  if (classifier?.[1]) {
    return correctLicenseName(classifier[1].replace(/^OSI Approved$/i, ''));
  }
  // Debian and Fedora spell "or later" as a trailing plus.
  const plus = /^(.+?)\s*\+$/.exec(cleaned);
  if (plus?.[1]) {
    const base = correctLicenseName(plus[1]);
    if (base && /-only$/.test(base)) {
      return base.replace(/-only$/, '-or-later');
    }
    return base;
  }
  if (cleaned.length > 120) {
    return fromLicenseText(cleaned);
  }
  return spdxCorrect(cleaned, { upgrade: true }) ?? null;
}

/** Returns the SPDX id whose well-known text a long statement contains, or null. */
export function fromLicenseText(raw: string): string | null {
  // Texts wrap anywhere: match on single-spaced text.
  const text = raw.replace(/\s+/g, ' ');
  const gnu =
    /GNU (Lesser |Library |Affero )?General Public\s+License,?\s+(?:as published by the Free Software Foundation;?\s+either\s+)?(?:version|v\.?)\s*(\d(?:\.\d)?)/i.exec(
      text,
    );
  if (gnu?.[2]) {
    const family =
      { 'lesser ': 'LGPL', 'library ': 'LGPL', 'affero ': 'AGPL' }[(gnu[1] ?? '').toLowerCase()] ?? 'GPL';
    const version = gnu[2].includes('.') ? gnu[2] : `${gnu[2]}.0`;
    const later = /any later version/i.test(text.slice(gnu.index, gnu.index + 400));
    return `${family}-${version}-${later ? 'or-later' : 'only'}`;
  }
  for (const [pattern, id] of TEXT_SIGNATURES) {
    if (pattern.test(text)) {
      return id;
    }
  }
  return null;
}
