package io.coreactor.multijvm;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives every test method of the class a fresh {@link LocalCluster} of {@link #nodes()} node
 * JVMs, injected as a {@code LocalCluster} parameter (also into {@code @BeforeEach}); closed
 * after the test, its logs kept under {@code target/multijvm/} and printed in part on failure.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LocalClusterExtension.class)
public @interface MultiJvmCluster {

  /** How many founding members. */
  int nodes() default 3;
}
