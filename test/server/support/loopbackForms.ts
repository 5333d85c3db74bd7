/** Every spelling of loopback (and of "this host") a caller might try in a URL. */
export const LOOPBACK_FORMS = [
  '127.0.0.1',
  'localhost',
  'localhost.',
  '2130706433',
  '0177.0.0.1',
  '0x7f.0.0.1',
  '0x7f000001',
  '127.1',
  '017700000001',
  '0.0.0.0',
  '0',
  '[::1]',
  '[::ffff:127.0.0.1]',
  '[::ffff:7f00:1]',
  '[0:0:0:0:0:ffff:7f00:1]',
  '[::]',
];
