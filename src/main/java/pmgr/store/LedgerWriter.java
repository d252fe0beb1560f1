package pmgr.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the run ledger's rows on one thread, committing whatever has queued up in one transaction
 * (group commit). The database syncs each commit to disk, so this keeps step records and log lines
 * off the run's critical path; readers call {@link #flush} first and always see every row queued
 * before. A kill can lose only rows queued in the last moments, and that run is marked INTERRUPTED
 * at the next start anyway. Resource data does not go through here: it is committed synchronously.
 */
final class LedgerWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);
    private static final Duration FLUSH_LIMIT = Duration.ofSeconds(30);

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final TransactionTemplate transactions;
    private final Thread thread;
    private volatile boolean running = true;

    LedgerWriter(DataSource dataSource) {
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.thread = new Thread(this::loop, "pmgr-ledger-writer");
        thread.setDaemon(true);
        thread.start();
    }

    void submit(Runnable write) {
        queue.add(write);
    }

    /** Waits until every write queued so far is committed. */
    void flush() {
        if (Thread.currentThread() == thread) {
            return;
        }
        Flush marker = new Flush();
        queue.add(marker);
        try {
            marker.done.get(FLUSH_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StoreException("run ledger writes were not committed within " + FLUSH_LIMIT.toSeconds() + "s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for run ledger writes", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new StoreException("run ledger flush failed", e);
        }
    }

    private void loop() {
        List<Runnable> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Runnable first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch);
                commit(batch);
            } catch (InterruptedException e) {
                running = false;
            } finally {
                batch.clear();
            }
        }
    }

    /** Marks a point in the queue; completed once everything before it is committed. */
    private static final class Flush implements Runnable {
        final CompletableFuture<Void> done = new CompletableFuture<>();

        @Override
        public void run() {
            done.complete(null);
        }
    }

    private void commit(List<Runnable> all) {
        List<Runnable> batch = all.stream().filter(w -> !(w instanceof Flush)).toList();
        try {
            write(batch);
        } finally {
            // after the commit, so a reader that flushed sees every row
            all.stream().filter(w -> w instanceof Flush).forEach(Runnable::run);
        }
    }

    private void write(List<Runnable> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            transactions.executeWithoutResult(status -> batch.forEach(Runnable::run));
        } catch (RuntimeException e) {
            // one bad row must not lose the others: retry them one by one
            LOG.warn("run ledger batch of {} failed ({}); writing one by one", batch.size(), e.getMessage());
            for (Runnable w : batch) {
                try {
                    transactions.executeWithoutResult(status -> w.run());
                } catch (RuntimeException single) {
                    LOG.error("run ledger write lost: {}", single.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        flush();
        running = false;
        queue.add(new Flush()); // wakes the writer from its wait for work, so it ends now
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
