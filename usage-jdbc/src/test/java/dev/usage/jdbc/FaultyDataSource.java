package dev.usage.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source whose connections fail on demand: before the Nth statement execution, or right
 * after a commit succeeded (a lost acknowledgement). Counts executions across all its connections.
 */
final class FaultyDataSource implements DataSource {

  /** What happens before an execution; may throw. */
  interface Fault {
    void before(int execution, Connection raw) throws SQLException;
  }

  private final DataSource target;
  private final AtomicInteger executions = new AtomicInteger();
  private volatile Fault fault = (n, c) -> { };
  private volatile boolean loseCommitAck;
  private volatile String failingSql;
  private final AtomicInteger injected = new AtomicInteger();

  FaultyDataSource(DataSource target) {
    this.target = target;
  }

  /** Fails the {@code n}th execution from now on with a connection error. */
  FaultyDataSource failExecution(int n) {
    int at = executions.get() + n;
    fault = (e, c) -> {
      if (e == at) {
        throw new SQLException("injected fault before execution " + e, "08006");
      }
    };
    return this;
  }

  /** Runs {@code action} before the {@code n}th execution from now on. */
  FaultyDataSource beforeExecution(int n, Fault action) {
    int at = executions.get() + n;
    fault = (e, c) -> {
      if (e == at) {
        action.before(e, c);
      }
    };
    return this;
  }

  /**
   * Fails, once, the next execution of a statement prepared with SQL that contains {@code
   * fragment}, with a connection error.
   */
  FaultyDataSource failOnceOn(String fragment) {
    failingSql = fragment;
    return this;
  }

  /** Returns how many faults were injected so far, so that a test can prove its fault happened. */
  int injected() {
    return injected.get();
  }

  /** Makes the next commit succeed and then report failure. */
  FaultyDataSource loseNextCommitAcknowledgement() {
    loseCommitAck = true;
    return this;
  }

  /** Removes every fault. */
  FaultyDataSource heal() {
    fault = (n, c) -> { };
    loseCommitAck = false;
    failingSql = null;
    return this;
  }

  int executions() {
    return executions.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(target.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return wrap(target.getConnection(user, password));
  }

  private Connection wrap(Connection raw) {
    InvocationHandler h = (proxy, m, args) -> {
      if (m.getName().equals("commit") && loseCommitAck) {
        loseCommitAck = false;
        invoke(raw, m, args);
        injected.incrementAndGet();
        throw new SQLException("injected lost acknowledgement after a successful commit", "08006");
      }
      Object result = invoke(raw, m, args);
      String sql = m.getName().equals("prepareStatement") && args != null && args[0] instanceof String text ? text : null;
      if (result instanceof Statement st) {
        Class<?> type = result instanceof CallableStatement ? CallableStatement.class
            : result instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (p, sm, sargs) -> {
          if (sm.getName().startsWith("execute")) {
            String failing = failingSql;
            if (failing != null && sql != null && sql.contains(failing)) {
              failingSql = null;
              injected.incrementAndGet();
              throw new SQLException("injected fault before executing " + failing, "08006");
            }
            fault.before(executions.incrementAndGet(), raw);
          }
          return invoke(st, sm, sargs);
        });
      }
      return result;
    };
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, h);
  }

  private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return target.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    target.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    target.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return target.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return target.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return target.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return target.isWrapperFor(iface);
  }
}
