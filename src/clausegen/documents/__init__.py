"""From an obligation to Word documents: context, templates, safe rendering, one run.

* :mod:`~clausegen.documents.vocabulary` declares, once, every name a template may use;
* :mod:`~clausegen.documents.context` builds that plain dict from a contract, with
  :mod:`~clausegen.documents.commitments` for the shared vocabulary of publics and
  modalities and the buyer's charter;
* :mod:`~clausegen.documents.templates` finds and reads template sets and their manifest;
* :mod:`~clausegen.documents.render` renders a template safely over docxtpl;
* :mod:`~clausegen.documents.generate` runs it all for contracts and writes the files.
"""
