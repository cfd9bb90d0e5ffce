package io.coreactor.consensus.storage;

/** Stable storage failed, or a data directory is corrupt or belongs to something else. */
public class StorageException extends RuntimeException {

  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
