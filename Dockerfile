# SeqLab for a school server: `docker build -t seqlab . && docker run -p 8501:8501 seqlab`,
# then open http://SERVER:8501. Nothing is downloaded at run time: the image holds the app,
# its assets and its Python packages. Several replicas behind nginx: deploy/replicas.sh.
FROM python:3.11-slim

# PortAudio for the live microphone (sounddevice); the same list as packages.txt.
COPY packages.txt /tmp/packages.txt
RUN apt-get update \
 && xargs -a /tmp/packages.txt apt-get install -y --no-install-recommends \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY .streamlit .streamlit
COPY assets assets
COPY core core
COPY dashboard dashboard

RUN useradd --create-home seqlab
USER seqlab
ENV TF_CPP_MIN_LOG_LEVEL=2 PYTHONUNBUFFERED=1
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["python", "-m", "streamlit", "run", "dashboard/app.py", "--server.address=0.0.0.0", \
     "--server.port=8501", "--server.headless=true", "--server.fileWatcherType=none"]
