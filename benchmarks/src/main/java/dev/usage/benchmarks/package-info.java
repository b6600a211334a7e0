/** JMH benchmarks of the usage hot paths; each class measures against a baseline in the same run. */
package dev.usage.benchmarks;
