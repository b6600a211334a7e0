package dev.usage.examples;

/** Placeholder until the primitives land. */
public final class Demo {
  private Demo() {}

  public static void main(String[] args) {
    System.out.println("usage demo");
  }
}
