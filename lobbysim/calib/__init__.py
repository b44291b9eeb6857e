"""lobbysim.calib: calibration of a scenario from a branch's queue-machine (叫号机) exports.

The pipeline, one module per job:

* :mod:`.tables` reads a CSV (UTF-8, UTF-8 with BOM, GBK/GB18030, detected) or an XLSX/XLS
  sheet as a stream of rows;
* :mod:`.columns` finds the columns (票号, 业务类型, 取号时间 ...) by their headers and reads only
  those: every other column (names, phone numbers, ID numbers) is ignored and named as such;
* :mod:`.timeparse` turns the vendors' date and time spellings into seconds;
* :mod:`.ticketlog` cleans the rows into a :class:`~.ticketlog.TicketLog` (typed arrays) and links
  the rows of one ticket (re-queued 过号重排, transferred) into one customer;
* :mod:`.fit_arrivals`, :mod:`.fit_service`, :mod:`.fit_patience` and :mod:`.fitting` fit the
  day levels and their gamma–Poisson dispersion, the business mix, service times (maximum
  likelihood, AIC choice, KS/AD statistics), patience and no-shows (one censored likelihood),
  the VIP share, windows open by hour and the routing of businesses to windows;
* :mod:`.calibrate` writes the new scenario (a copy of the base with the fitted values and a
  note for each), :mod:`.check` replays logged days through the model and compares.

Pure: no Qt. Sits above :mod:`lobbysim.experiments` and below :mod:`lobbysim.report`.
"""
