"""The legal working calendar of the People's Republic of China: statutory holidays and the
make-up working days (调休上班日) the State Council sets each year."""
