package dev.usage.examples;

class DemoTest {
}
