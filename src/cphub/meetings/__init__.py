"""The Corporate Parenting Panel's own business (issue 14): minute numbering across a municipal year, the
attendance record, agenda-pack ordering and page numbering, the LGA councillors' questions as an assurance
framework, the national kinship strategy's commitments, the annual reporting schedule, actions, and the
anonymised complaints summary. Plain typed Python: no Django imports (the web side is ``cphub.web.meetings``)."""
