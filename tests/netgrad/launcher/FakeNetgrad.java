package netgrad.launcher;

import java.lang.management.ManagementFactory;

/**
 * Stands in for netgrad's jar in the launcher tests: prints its arguments and the JVM options it was
 * started with, so a test sees what the launcher ran, without building or running netgrad itself.
 */
public final class FakeNetgrad {
    private FakeNetgrad() {}

    public static void main(String[] args) {
        System.out.println("args: " + String.join(" ", args));
        System.out.println("jvm: " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    }
}
