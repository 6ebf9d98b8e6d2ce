"""How files reach the gateway and leave it: local folders now (watched with watchdog), SFTP beside them.

watcher = FolderWatcher(gateway.take_file).start({home / "inbox" / "acme": "acme"})
watcher.set_folders({...})      # SIGHUP: a partner added or removed
watcher.scan()                  # the safety net a scheduler runs every few seconds
watcher.stop()
"""

from .local import FolderWatcher, any_complete_name, is_temporary_name, json_name

__all__ = ["FolderWatcher", "any_complete_name", "is_temporary_name", "json_name"]
