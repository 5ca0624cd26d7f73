package netgrad.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import netgrad.answer.Answer;
import netgrad.answer.YoursCheck;
import netgrad.answer.YoursReport;
import netgrad.io.NpzFormatException;
import netgrad.plan.Plan;
import netgrad.problem.ProblemFile;

/** verify's {@code --problem} and {@code --gradients}: reading both (one line per problem on err) and the report's "yours". */
final class YoursInputs {
    private YoursInputs() {}

    /** The problem in {@code file} for {@code plan}, or null after printing why not. */
    static ProblemFile.Problem problem(Path file, Plan plan, PrintWriter err) {
        try {
            return ProblemFile.read(file, plan);
        } catch (NoSuchFileException e) {
            return refuse(err, file + ": no such file");
        } catch (NpzFormatException | ProblemFile.InvalidProblemException e) {
            return refuse(err, e.getMessage());
        } catch (IOException e) {
            return refuse(err, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The user's answer in {@code file} on {@code problem}, or null after printing one line per bad array. */
    static Answer answer(Path file, Plan plan, ProblemFile.Problem problem, PrintWriter err) {
        try {
            return Answer.read(file, plan, problem.batch().size());
        } catch (NoSuchFileException e) {
            return refuse(err, file + ": no such file");
        } catch (NpzFormatException e) {
            return refuse(err, e.getMessage());
        } catch (Answer.InvalidAnswerException e) {
            for (String line : e.problems()) {
                err.println("netgrad verify: " + line);
            }
            err.flush();
            return null;
        } catch (IOException e) {
            return refuse(err, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The report with the "yours" section after the table, or the {@code "yours"} member last in the JSON object. */
    static String withYours(String rendered, boolean json, YoursCheck.Result yours) {
        if (yours == null) {
            return rendered;
        }
        if (!json) {
            return rendered + YoursReport.text(yours);
        }
        int end = rendered.lastIndexOf('}');
        return rendered.substring(0, end) + ",\"yours\":" + YoursReport.json(yours) + rendered.substring(end);
    }

    private static <T> T refuse(PrintWriter err, String message) {
        err.println("netgrad verify: " + message);
        err.flush();
        return null;
    }
}
