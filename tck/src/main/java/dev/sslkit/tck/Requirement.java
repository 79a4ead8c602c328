package dev.sslkit.tck;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The DESIGN.md requirement ids a test proves, e.g. {@code @Requirement({"N1", "D3"})} (STYLE.md
 * habit 15: each test names the requirement it proves). On a class it applies to every test in it.
 * Kept at run time so a report can list which tests cover which requirement.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Requirement {
    /** @return the ids, such as {@code N1}, {@code R5}, {@code D3}, {@code C2} */
    String[] value();
}
