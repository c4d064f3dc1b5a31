"""One module per tab of the main window. Each tab takes the :class:`AppState` in its
constructor, subscribes to its signals, shows what :mod:`planner.views` computes, and emits
what the user asked for; none computes anything the core does not."""
