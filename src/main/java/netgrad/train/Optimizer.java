package netgrad.train;

import netgrad.plan.Training;

/**
 * A gradient-descent update rule applied to the parameter tensors θ_1..θ_m (W1, b1, W2, …), each a flat
 * {@code double[]}, given the gradients ∇θ_i of the batch loss at the current point. Step t counts from 1.
 * The rules are those of the course (CS7015 lecture 5); each subclass's Javadoc writes its rule out.
 */
public abstract class Optimizer {
    /** η, the learning rate (halved by the course's anneal: {@link #halveLearningRate()}). */
    protected double eta;
    /** t, the number of the step being taken (1 for the first). */
    protected int t;

    protected Optimizer(double eta) {
        this.eta = eta;
    }

    /** Creates the optimizer {@code config} names for tensors of the given sizes. */
    public static Optimizer create(Training.Optimizer config, double eta, int[] sizes) {
        return switch (config.kind()) {
            case SGD -> new Optimizers.Sgd(eta);
            case MOMENTUM -> new Optimizers.Momentum(eta, config.momentum(), sizes);
            case NAG -> new Optimizers.Nag(eta, config.momentum(), sizes);
            case RMSPROP -> new Optimizers.RmsProp(eta, config.beta(), config.epsilon(), sizes);
            case ADAM -> new Optimizers.Adam(eta, config.beta1(), config.beta2(), config.epsilon(), sizes);
            case NADAM -> new Optimizers.Nadam(eta, config.beta1(), config.beta2(), config.epsilon(), sizes);
        };
    }

    /** One step: updates every θ_i in place from ∇θ_i. */
    public final void step(double[][] theta, double[][] gradients) {
        beginStep();
        for (int i = 0; i < theta.length; i++) {
            update(i, theta[i], gradients[i], 0, theta[i].length);
        }
    }

    /**
     * Starts step t + 1 when the update is applied in slices (several threads each calling
     * {@link #update(int, double[], double[], int, int)} on disjoint ranges of every tensor).
     */
    public final void beginStep() {
        t++;
    }

    /** η as it is now. */
    public double learningRate() {
        return eta;
    }

    /** η ← η/2 for the steps that follow; the rule's state (momentum, moments, t) is kept. */
    public void halveLearningRate() {
        eta /= 2;
    }

    /** Steps taken so far. */
    public int steps() {
        return t;
    }

    /** Updates entries from..to−1 of tensor i: {@code w} in place from its gradient {@code g} at step {@link #t}. */
    public abstract void update(int i, double[] w, double[] g, int from, int to);

    static double[][] zeros(int[] sizes) {
        double[][] state = new double[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            state[i] = new double[sizes[i]];
        }
        return state;
    }
}
