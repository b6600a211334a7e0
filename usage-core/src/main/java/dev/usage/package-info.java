/**
 * Meters, prices and reports the usage of AI voice, chat and SMS platforms.
 *
 * <p>Each sub-package holds one domain idea: {@code sms} counts SMS segments, {@code pricing}
 * rounds and prices usage, {@code time} turns calendar days into instants.
 */
package dev.usage;
