package se.tjanstemobil.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Says that a running server uses an embedded data folder: an operating-system lock on a file
 * beside the folder (`postgres.lock` for `postgres/`; inside it would stop initdb, which wants an
 * empty folder). The lock ends with the process, even a killed one, so a PostgreSQL found on a
 * folder nobody holds was left behind by a server that died, and one found on a held folder belongs
 * to a server that runs.
 */
final class DataFolderLock {

  private final FileChannel channel;
  private final FileLock lock;

  private DataFolderLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the folder for this process, or refuses naming the process that holds it. */
  static DataFolderLock take(Path dataDirectory) throws IOException {
    Path file = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".lock");
    FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException sameProcess) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
      throw new IOException(
          "database.embedded.dataDirectory "
              + dataDirectory
              + " is in use by another running server"
              + (holder.isEmpty() ? "" : " (process " + holder + ")")
              + "; stop it, or give this server a data folder of its own");
    }
    channel.truncate(0);
    channel.write(
        ByteBuffer.wrap(
            String.valueOf(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)),
        0);
    return new DataFolderLock(channel, lock);
  }

  void release() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The process is about to let go of it anyway.
    }
  }
}
