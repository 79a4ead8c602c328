package dev.sslkit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sslkit compare}: the cross-provider comparison job, {@code dev.sslkit.bench.Compare} — the
 * one job, not a copy. It lives in the bench module (JMH, the raw engines, native OpenSSL), which
 * the self-contained folder does not carry: the repository's {@code ./sslkit compare} runs it
 * through {@code bench/compare}, which builds it; here it runs when {@code dev.sslkit.bench} is on
 * the module path. Every argument goes to it as it is ({@code sslkit compare --help}).
 */
@Command(name = "compare", description = "Compare the providers side by side (bench's Compare job; options: compare --help).")
final class CompareCommand implements Callable<Integer> {
    static final String CLASS = "dev.sslkit.bench.Compare";

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Class<?> c;
        try {
            c = Class.forName(CLASS);
        } catch (ClassNotFoundException e) {
            throw new CliException("the comparison job lives in the bench module (dev.sslkit.bench), which is not on the "
                    + "module path here: run ./sslkit compare (or bench/compare) from the sslkit repository");
        }
        Method main = c.getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args.toArray(new String[0]));
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof Exception) {
                throw (Exception) t;
            }
            throw e;
        }
        return 0;
    }
}
