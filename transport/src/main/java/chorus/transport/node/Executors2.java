package chorus.transport.node;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounded executors: a fixed number of named daemon threads and a bounded queue that rejects when full.
 * Public because the local API's handler pool is one too.
 */
public final class Executors2 {
  private Executors2() {}

  public static ExecutorService bounded(String name, int threads, int queue) {
    ThreadPoolExecutor e = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(queue), new DefaultThreadFactory(name, true), new ThreadPoolExecutor.AbortPolicy());
    e.allowCoreThreadTimeOut(true);
    return e;
  }
}
