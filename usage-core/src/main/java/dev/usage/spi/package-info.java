/**
 * The storage SPI: {@link dev.usage.spi.UsageStore} and the types an adapter sees. Nothing else
 * lives here, so that an adapter for another database depends on a handful of small types.
 */
package dev.usage.spi;
