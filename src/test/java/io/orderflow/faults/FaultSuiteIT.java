package io.orderflow.faults;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crash-consistency suite, short profile, in every build: four jar processes, real kill -9, Redis and PostgreSQL
 * really stopped, SIGTERM, poison; after each scenario every invariant holds. The full profile is
 * {@code bench/faults.sh}.
 */
class FaultSuiteIT {

    @TempDir
    Path workDir;

    @Test
    void noOrderIsLostOrAppliedTwiceWhateverDies() throws Exception {
        FaultSuite suite = new FaultSuite(FaultSuite.Profile.of("short"), workDir);
        List<FaultSuite.Result> results;
        try {
            results = suite.run();
        } finally {
            suite.close();
        }
        System.out.println(FaultSuite.header());
        results.forEach(r -> System.out.println(FaultSuite.row(r)));

        assertThat(results).hasSize(FaultSuite.scenarios().size());
        assertThat(results).allSatisfy(r -> {
            assertThat(r.broken()).as(r.scenario()).isEmpty();
            assertThat(r.accepted()).as("orders accepted during " + r.scenario()).isPositive();
            assertThat(r.confirmed() + r.rejected()).as("final orders of " + r.scenario()).isEqualTo(r.accepted());
        });
        FaultSuite.Result redis = results.get(2);
        assertThat(redis.serverErrors()).as("Redis is not on the request path: no 5xx while it is down").isZero();
        FaultSuite.Result poison = results.get(5);
        assertThat(poison.rejected()).as("the failing SKU's orders end REJECTED by the saga timeout").isPositive();
    }
}
