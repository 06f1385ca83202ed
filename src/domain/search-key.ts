// How people write names, reduced to what they mean: case, accents and punctuation ignored, so that
// "Chloé" = "chloe" and "O'Brien" = "obrien" = "o brien", and "PT-10013" = "pt10013".
//
// One table, character for character: the picker's filter applies it in JavaScript, and
// src/store/search-key.ts turns the same table into SQL for the patients' stored search key (kept
// by triggers on both engines). A character the table does not name is kept as it is, on both
// sides, so the two can never disagree. Changing the table needs a migration that recreates the
// patients' search-key triggers and refills the keys, or stored keys and typed ones would differ.

/** Each group of characters and what every one of them becomes. */
const GROUPS: ReadonlyArray<readonly [string, string]> = [
  ['aàáâãäåāăąǎÀÁÂÃÄÅĀĂĄǍ', 'a'],
  ['æÆ', 'ae'],
  ['çćĉċčÇĆĈĊČ', 'c'],
  ['ďđðĎĐÐ', 'd'],
  ['èéêëēĕėęěÈÉÊËĒĔĖĘĚ', 'e'],
  ['ĝğġģĜĞĠĢ', 'g'],
  ['ĥħĤĦ', 'h'],
  ['ìíîïĩīĭįıǐÌÍÎÏĨĪĬĮİǏ', 'i'],
  ['ĵĴ', 'j'],
  ['ķĶ', 'k'],
  ['ĺļľŀłĹĻĽĿŁ', 'l'],
  ['ñńņňÑŃŅŇ', 'n'],
  ['òóôõöøōŏőǒÒÓÔÕÖØŌŎŐǑ', 'o'],
  ['œŒ', 'oe'],
  ['ŕŗřŔŖŘ', 'r'],
  ['śŝşšșŚŜŞŠȘ', 's'],
  ['ß', 'ss'],
  ['ţťŧțŢŤŦȚ', 't'],
  ['þÞ', 'th'],
  ['ùúûüũūŭůűųǔÙÚÛÜŨŪŬŮŰŲǓ', 'u'],
  ['ŵŴ', 'w'],
  ['ýÿŷÝŸŶ', 'y'],
  ['źżžŹŻŽ', 'z'],
];

/**
 * What people write between the parts of a name or a chart number, and combining accents (names
 * stored decomposed): dropped. Only these: other symbols (", =, ;, %, $, …) are kept on both sides,
 * so a text made of them still finds no one rather than everyone. `|` separates a stored key's parts.
 */
const DROPPED = " \t\u00a0'`’‘‛ʼ-‐‑–—.,|" + '\u0300\u0301\u0302\u0303\u0304\u0306\u0307\u0308\u030a\u030b\u030c\u0327\u0328';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The whole table: each character the key changes, and what it becomes ('' = dropped). */
export const SEARCH_KEY_MAP: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const c of UPPER) map.set(c, c.toLowerCase());
  for (const [chars, to] of GROUPS) for (const c of chars) if (c !== to) map.set(c, to);
  for (const c of DROPPED) map.set(c, '');
  return map;
})();

/** The search key of a text: each character replaced as the table says, the rest kept. */
export function searchKey(text: string): string {
  let out = '';
  for (const c of text) out += SEARCH_KEY_MAP.get(c) ?? c;
  return out;
}

/** Separates the parts of a patient's stored key; dropped from every typed key, so a match never spans two parts. */
export const KEY_SEPARATOR = '|';

/**
 * A patient's stored key: first+last, last+first and the chart number, each reduced, so that
 * "chloe martin", "Martin, Chloé" and "PT 10013" all find her as a part of one of them.
 */
export function patientSearchKey(firstName: string, lastName: string, chartNumber: string | null): string {
  const first = searchKey(firstName);
  const last = searchKey(lastName);
  return [first + last, last + first, searchKey(chartNumber ?? '')].join(KEY_SEPARATOR);
}
