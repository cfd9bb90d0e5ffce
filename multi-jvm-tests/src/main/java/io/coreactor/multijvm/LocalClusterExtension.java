package io.coreactor.multijvm;

import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link MultiJvmCluster}: one {@link LocalCluster} per test
 * method, named after the test, started before {@code @BeforeEach}, closed after the test. On
 * failure it prints each node's last 40 log lines and where the whole logs are.
 */
public final class LocalClusterExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalClusterExtension.class);
  private static final String KEY = "cluster";
  private static final int TAIL_LINES = 40;

  @Override
  public void beforeEach(ExtensionContext context) {
    int nodes = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), MultiJvmCluster.class)
        .map(MultiJvmCluster::nodes).orElse(3);
    String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
    LocalCluster cluster = LocalCluster.builder().nodes(nodes).name(name).start();
    context.getStore(NAMESPACE).put(KEY, cluster);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    LocalCluster cluster = context.getStore(NAMESPACE).remove(KEY, LocalCluster.class);
    if (cluster == null) {
      return;
    }
    Optional<Throwable> failure = context.getExecutionException();
    try {
      if (failure.isPresent()) {
        System.out.println("[multijvm] " + context.getDisplayName() + " failed; cluster in " + cluster.partitionMode()
            + " mode, work dir " + cluster.workDir() + "\nfaults:\n  " + String.join("\n  ", cluster.faultLog())
            + "\n" + cluster.logTails(TAIL_LINES));
      }
    } finally {
      cluster.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    LocalCluster cluster = context.getStore(NAMESPACE).get(KEY, LocalCluster.class);
    if (cluster == null) {
      throw new org.junit.jupiter.api.extension.ParameterResolutionException(
          "no LocalCluster here: it is made per test method (use it in @Test or @BeforeEach, not @BeforeAll)");
    }
    return cluster;
  }
}
