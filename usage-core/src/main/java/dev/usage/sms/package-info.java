/**
 * Counts the segments an SMS is sent and billed as: {@link dev.usage.sms.SmsSegments#analyze}.
 *
 * <h2>Encoding</h2>
 *
 * <p>A message is sent in the GSM 7 bit default alphabet (3GPP TS 23.038 clause 6.2.1) when every
 * character of it is in that alphabet's basic table or its extension table (clause 6.2.1.1), and in
 * UCS-2 (clause 6.2.3) otherwise; one character outside the alphabet makes the whole message UCS-2.
 * The basic table costs one septet a character and includes LF and CR. The extension table's
 * characters, form feed and {@code ^ { } \ [ ~ ] |} and the euro sign, cost two septets: the escape
 * 0x1B, then the character. Look-alikes are not in the alphabet: small c cedilla (only the capital
 * is), curly quotes, the backtick, the no-break space, the ellipsis and capital E grave among them.
 *
 * <p>Text is read as UTF-16. U+001B is treated as outside the alphabet: in the alphabet 0x1B is a
 * shift to the extension table, not a character, and sending it would change the meaning of the
 * character after it. An unpaired surrogate is outside the alphabet too; it costs one UCS-2 unit
 * and counts as one character, and never throws, because billing must price whatever text a user
 * sent.
 * A character outside the Basic Multilingual Plane, such as an emoji, is a surrogate pair: two
 * units, as gateways send UTF-16 where the specification says UCS-2.
 *
 * <h2>Segments</h2>
 *
 * <p>One short message carries 140 octets of user data (TS 23.040 clause 9.2.3.24 "TP-User Data"):
 * 160 septets or 70 UCS-2 units. A longer message is concatenated, and each part gives 6 octets to
 * the user data header that numbers the parts (clause 9.2.3.24.1 "Concatenated Short Messages"),
 * leaving 153 septets or 67 units. Segments are filled greedily in text order, except that an
 * extension character's two septets and a surrogate pair's two units always share a segment, so a
 * segment can end one unit short. CR and LF are separate characters and may fall in different
 * segments. Empty text is one empty segment.
 */
package dev.usage.sms;
