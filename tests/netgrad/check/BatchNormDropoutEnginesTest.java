package netgrad.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.Test;

import netgrad.model.Batch;
import netgrad.model.Parameters;
import netgrad.plan.Activation;
import netgrad.plan.Init;
import netgrad.plan.Layer;
import netgrad.plan.Loss;
import netgrad.plan.Operation;
import netgrad.plan.OutputFunction;
import netgrad.plan.Plan;
import netgrad.plan.Quantity;
import netgrad.source.SourcePos;

/** backprop = tape = finite differences on random networks with batch norm and dropout on random layers. */
class BatchNormDropoutEnginesTest {
    private static final List<Activation> SMOOTH = List.of(new Activation.Tanh(), new Activation.Logistic(),
            new Activation.Softplus(), new Activation.Identity());

    static Plan randomPlan(Random random) {
        int depth = 2 + random.nextInt(3);
        int[] sizes = new int[depth + 1];
        for (int k = 0; k <= depth; k++) sizes[k] = 1 + random.nextInt(5);
        sizes[depth] = Math.max(2, sizes[depth]);
        List<Layer> layers = new ArrayList<>();
        for (int k = 1; k < depth; k++) {
            List<Operation> ops = new ArrayList<>();
            if (random.nextBoolean()) ops.add(new Operation.Normalize(random.nextBoolean() ? 1e-5 : 0.1));
            ops.add(new Operation.Activate(SMOOTH.get(random.nextInt(SMOOTH.size()))));
            if (random.nextBoolean()) ops.add(new Operation.Drop(0.1 + 0.5 * random.nextDouble()));
            layers.add(new Layer.Hidden(k, sizes[k - 1], sizes[k], ops, SourcePos.none()));
        }
        layers.add(new Layer.Output(depth, sizes[depth - 1], sizes[depth], OutputFunction.SOFTMAX, SourcePos.none()));
        return new Plan("random", SourcePos.none(), sizes[0], layers, Loss.CROSS_ENTROPY,
                random.nextBoolean() ? 0 : 0.01, Init.xavier(1), Optional.empty());
    }

    @Test
    void allThreeEnginesAgreeOnRandomNetworksWithBatchNormAndDropout() {
        Random random = new Random(1414);
        int normalised = 0;
        int dropped = 0;
        for (int n = 0; n < 40; n++) {
            Plan plan = randomPlan(random);
            Parameters theta = Fixtures.parameters(plan, random.nextLong(), 0.5 + random.nextDouble());
            Batch batch = Fixtures.batch(plan, 2 + random.nextInt(5), random.nextLong());
            VerifyReport report = Engines.verify(plan, theta, batch, Verifier.Options.defaults().withMode(Mode.FULL));
            assertThat(report.agrees()).as("%s%n%s", plan, ReportText.render(report)).isTrue();
            for (int k = 1; k < plan.depth(); k++) {
                if (plan.batchNorm(k)) {
                    normalised++;
                    Quantity gamma = Quantity.gamma(k);
                    assertThat(report.checks()).anyMatch(c -> c.step().quantity().equals(gamma));
                }
                if (plan.dropout(k) > 0) {
                    dropped++;
                    assertThat(batch.masks().mask(k)).isNotNull();
                }
            }
        }
        assertThat(normalised).isGreaterThan(10);
        assertThat(dropped).isGreaterThan(10);
    }
}
