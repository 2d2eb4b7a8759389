# Indonesian formats, the one way dates, times and numbers are shown (FORMAT_MODULE_PATH).
# Templates and code name these formats ("DATE_FORMAT", "SHORT_DATE_FORMAT", ...), never a
# literal pattern. Times are the city's local time (TIME_ZONE Asia/Jakarta), hence WIB.
DATE_FORMAT = "j F Y"  # 28 November 2026
SHORT_DATE_FORMAT = "j M Y"  # 28 Nov 2026
TIME_FORMAT = r"H.i \W\I\B"  # 14.30 WIB
DATETIME_FORMAT = r"j F Y, H.i \W\I\B"  # 28 November 2026, 14.30 WIB
SHORT_DATETIME_FORMAT = r"j M Y, H.i \W\I\B"  # 28 Nov 2026, 14.30 WIB
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
